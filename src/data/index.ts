// nn.data: the tensor helpers (shuffle, splits, scaling, oneHot, augmentation) and the tfjs-data style
// streaming Dataset (array, generator, csv, zip; map, filter, batch, shuffle, take, skip, repeat, …).
export * from './tensors.js';
export { Dataset, array, generator, zip, type DatasetIterator } from './dataset.js';
export { CSVDataset, csv, type CSVConfig, type ColumnConfig } from './csv.js';
