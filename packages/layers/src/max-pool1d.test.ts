import { maxPool1d } from './max-pool1d.js';
import { pool1dSuite } from './testing/pool1d-suite.test-util.js';

pool1dSuite('maxPool1d', maxPool1d, 'max');
