import { globalAvgPool2d } from './global-avg-pool2d.js';
import { globalPoolSuite } from './testing/global-pool-suite.test-util.js';

globalPoolSuite('globalAvgPool2d', globalAvgPool2d, 'avg', [2, 3, 4, 3]);
