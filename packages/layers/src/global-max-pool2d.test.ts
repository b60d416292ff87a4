import { globalMaxPool2d } from './global-max-pool2d.js';
import { globalPoolSuite } from './testing/global-pool-suite.test-util.js';

globalPoolSuite('globalMaxPool2d', globalMaxPool2d, 'max', [2, 3, 4, 3]);
