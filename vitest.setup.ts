// Every test starts on tfjs's plain `cpu` backend; backend tests switch explicitly.
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';

// Quiets tfjs's one-time "install the node backend" banner in test output.
tf.env().set('IS_TEST', true);
