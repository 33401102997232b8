// nn.plot (SVG strings, no DOM) and nn.tools (the data behind the plots).
import { gradientNorms, GradientNorms } from '../callbacks-grad.js';
import { lossLandscape as landscapeData } from '../tools/landscape.js';
import { gradientHealth } from './gradient-health.js';
import { lossLandscape } from './landscape.js';
import { learningCurves } from './learning-curves.js';

export const plot = { learningCurves, lossLandscape, gradientHealth };
export const tools = { lossLandscape: landscapeData, gradientNorms };
export { GradientNorms };
export type { GradientNormHistory } from '../callbacks-grad.js';
export type { LossLandscape, LossLandscapeOptions } from '../tools/landscape.js';
export type { HistoryLike, LearningCurvesOptions } from './learning-curves.js';
export type { GradientHealthOptions } from './gradient-health.js';
export type { LossLandscapePlotOptions } from './landscape.js';
