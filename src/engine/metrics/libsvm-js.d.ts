/**
 * The slice of libsvm-js (libsvm compiled to asm.js; a devDependency) that
 * svc.test.ts uses to cross-check svc.ts against libsvm itself.
 */
declare module 'libsvm-js/asm.js' {
  interface LibsvmOptions {
    type?: string;
    kernel?: string;
    cost?: number;
    gamma?: number;
    tolerance?: number;
    shrinking?: boolean;
    quiet?: boolean;
  }
  interface Libsvm {
    train(samples: number[][], labels: number[]): void;
    predict(samples: number[][]): number[];
    getSVIndices(): number[];
    /** libsvm's model file: header, then one "coef 1:x" line per support vector. */
    serializeModel(): string;
    free(): void;
  }
  interface LibsvmConstructor {
    new (options: LibsvmOptions): Libsvm;
    SVM_TYPES: { C_SVC: string };
    KERNEL_TYPES: { RBF: string };
  }
  const loaded: Promise<LibsvmConstructor>;
  export default loaded;
}
