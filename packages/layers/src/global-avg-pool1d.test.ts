import { globalAvgPool1d } from './global-avg-pool1d.js';
import { globalPoolSuite } from './testing/global-pool-suite.test-util.js';

globalPoolSuite('globalAvgPool1d', globalAvgPool1d, 'avg', [2, 5, 3]);
