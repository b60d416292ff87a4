export { type AttachHeadOptions, attachHead, type TransferModel } from './attach-head.js';
export { type ClassifierHeadOptions, classifierHead } from './classifier-head.js';
export { extractFeatures } from './extract-features.js';
export { fineTuneOptimizer } from './fine-tune-optimizer.js';
export { type KnnClassifyOptions, knnClassify } from './knn-classify.js';
export { type KnnStepOptions, knnStep } from './knn-step.js';
export { type KnnEntryOptions, plugin, transferPlugin } from './plugin.js';
export { type RegressionHeadOptions, regressionHead } from './regression-head.js';
export { topLayersTrainable } from './top-layers-trainable.js';
