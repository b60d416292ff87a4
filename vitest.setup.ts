// Every test starts on tfjs's plain `cpu` backend; backend tests switch explicitly.
import '@tensorflow/tfjs-backend-cpu';
