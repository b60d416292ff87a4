import { avgPool1d } from './avg-pool1d.js';
import { pool1dSuite } from './testing/pool1d-suite.test-util.js';

pool1dSuite('avgPool1d', avgPool1d, 'avg');
