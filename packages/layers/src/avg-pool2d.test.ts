import { avgPool2d } from './avg-pool2d.js';
import { poolSuite } from './testing/pool-suite.test-util.js';

// SAME windows average only the positions inside the input (naivePool), forward and backward.
poolSuite('avgPool2d', avgPool2d, 'avg');
