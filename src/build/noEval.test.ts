import { describe, expect, it } from 'vitest';
import { findDynamicCode } from './noEval';

describe('build check: no eval / new Function', () => {
  it('finds eval( and new Function( in shipped code', () => {
    expect(findDynamicCode('const f = new Function("a", "return a")')).toMatch(/new Function\(/);
    expect(findDynamicCode('x = eval("1+1")')).toMatch(/eval\(/);
  });
  it('does not flag names that merely contain eval', () => {
    expect(findDynamicCode('model.evaluate(x); retrieval(y); obj.eval(z)')).toBeNull();
  });
});
