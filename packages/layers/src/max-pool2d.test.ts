import { maxPool2d } from './max-pool2d.js';
import { poolSuite } from './testing/pool-suite.test-util.js';

poolSuite('maxPool2d', maxPool2d, 'max');
