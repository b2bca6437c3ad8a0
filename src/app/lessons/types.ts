/**
 * What a lesson is: a preset experiment the lab really runs, a short
 * narrative, what to look at, and one question. Everything a lesson *says
 * about numbers* is a function of what the lab measured in that run
 * (`Measured`), so the text stays honest when the numbers change.
 */
import type { ExperimentConfig } from '../../engine/config';
import type { CurvePoint, ModelResult } from '../../engine/results';
import type { FigureOrEmpty } from '../plots/figure';

/** One model the lesson needs, beyond Original (always trained first). */
export interface LessonRun {
  /** The lesson's own name for the result (unique in the lesson; ablation variants of one method differ here). */
  key: string;
  /** Method id of the registry (`retrain`, `ga`, `muda`, …). */
  id: string;
  /** Overrides of the method's defaults, by schema name. */
  params?: Record<string, unknown>;
  /** How the lesson names it in text and legends. */
  label: string;
  /** A toggle the person may switch off before running (the ablations); on by default. */
  optional?: boolean;
  /** One line shown beside the toggle. */
  help?: string;
}

/** A control or plot of the lab the lesson points at. */
export interface LookAt {
  /** What it is, in words ("the decision-boundary plot"). */
  label: string;
  /** CSS selectors tried in order; the first element found is highlighted. */
  selectors: string[];
  /** Why to look there, one or two sentences. */
  why: string;
}

/** The 2-D points of the lesson's data (decision-boundary plots), captured when its run ends. */
export interface LessonPoints {
  x: number[];
  y: number[];
  labels: number[];
  forget: number[];
  numClasses: number;
}

/** What the lab measured for one run of a lesson: the input of every narrative and figure function. */
export interface Measured {
  /** The config as it ran. */
  config: ExperimentConfig;
  /** Lesson key → finished model (`original` plus the lesson's runs that finished). */
  models: Record<string, ModelResult>;
  /** Lesson key → why it did not finish. */
  failed: Record<string, string>;
  /** Live curves while a method runs (lesson key → points); finished models carry their own. */
  curves: Record<string, CurvePoint[]>;
  /** Lesson key → label for legends and text. */
  labels: Record<string, string>;
  /** Class names of the dataset (for text like "class 3"). */
  classNames: string[];
  /** Sizes of the splits of the run's data. */
  split?: { train: number; test: number; forget: number; retain: number };
  points?: LessonPoints;
}

export interface Choice {
  id: string;
  text: string;
  correct: boolean;
  /** Why this answer is (not) right; may cite the run's numbers when it has them. */
  feedback: (m: Measured | null) => string;
}

export interface Question {
  prompt: string;
  choices: Choice[];
}

/** How the person chose to view a plot (a 3-D switch for feature scatters). */
export interface PlotView {
  dims: 2 | 3;
}

export interface LessonPlot {
  /** data-plot id inside the lessons panel (prefixed "lesson-", so it never clashes with the lab's plots). */
  id: string;
  title: string;
  /** One sentence for screen readers. */
  description: string;
  figure: (m: Measured, view: PlotView) => FigureOrEmpty;
  /** Offer a 3-D switch (feature scatters). */
  threeD?: boolean;
}

export interface Lesson {
  /** Stable id, used in the DOM (data-lesson) and by tests. */
  id: string;
  title: string;
  /** The one idea of the lesson, in a sentence. */
  goal: string;
  /** About how long the run takes on a 2-core laptop with the wasm backend. */
  runMinutes: number;
  config: ExperimentConfig;
  runs: LessonRun[];
  /** The narrative before running: paragraphs of plain text. */
  intro: string[];
  /** An interactive that needs no training, shown with the intro ("play before run"). */
  play?: 'da-playground';
  lookAt: LookAt[];
  plots: LessonPlot[];
  /** What the lab measured in this run, as paragraphs of plain text. */
  measured: (m: Measured) => string[];
  question: Question;
  /** The one line the class should leave with. Fixed text: it claims nothing a run could contradict. */
  takeaway: string;
  /** The lesson's one measured number, for the summary slide: what it is, and its value in a run (undefined until the run has it). */
  headline: { label: string; value: (m: Measured) => string | undefined };
}
