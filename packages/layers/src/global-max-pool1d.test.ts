import { globalMaxPool1d } from './global-max-pool1d.js';
import { globalPoolSuite } from './testing/global-pool-suite.test-util.js';

globalPoolSuite('globalMaxPool1d', globalMaxPool1d, 'max', [2, 5, 3]);
