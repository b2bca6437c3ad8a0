/**
 * The sample card's answers: class probabilities of one training sample under
 * every model the worker holds. Not tracked as work: it shows no progress and
 * runs between a method's steps. An answer is remembered until a model is
 * added or replaced; a failed answer is not remembered.
 */
import type { LabWorkerApi } from '../../worker/api';
import type { Store } from '../store/store';

/** Sweeping the pointer over a scatter asks about many points: old answers are dropped past this many. */
const MAX_ANSWERS = 1000;

export class HoverCache {
  private readonly api: LabWorkerApi;
  private readonly store: Store;
  /** Answers per training index, valid while `state.models` is the object they were asked under. */
  private readonly answers = new Map<number, Promise<Record<string, number[]>>>();
  private answersFor: unknown = null;

  constructor(api: LabWorkerApi, store: Store) {
    this.api = api;
    this.store = store;
  }

  /** Model id → the sample's class probabilities. */
  probabilities(index: number): Promise<Record<string, number[]>> {
    const models = this.store.getState().models;
    if (models !== this.answersFor || this.answers.size >= MAX_ANSWERS) {
      this.answers.clear();
      this.answersFor = models;
    }
    let answer = this.answers.get(index);
    if (!answer) {
      answer = this.api.probe([index]).then((r) => {
        const at = r.indices.indexOf(index);
        if (at < 0) throw new Error(`sample #${index} is not in the training set`);
        return Object.fromEntries(Object.entries(r.probabilities).map(([id, rows]) => [id, rows[at]]));
      });
      this.answers.set(index, answer);
      answer.catch(() => this.answers.delete(index));
    }
    return answer;
  }
}
