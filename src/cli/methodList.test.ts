import { describe, expect, it } from 'vitest';
import { methodInfos } from '../engine/methods';
import { methodListing } from './methodList';

describe('npm run lab -- methods', () => {
  it('lists a parameter by its config id, default and form label, help below', () => {
    const text = methodListing([{
      id: 'm', label: 'M', summary: 'does m',
      params: [
        { name: 'lambdaDA', label: 'λ_DA — weight of the alignment loss', kind: 'number', default: 5, help: 'the weight' },
        { name: 'mode', label: 'step mode', kind: 'choice', default: 'joint', options: ['joint'], help: 'how' },
      ],
    }]);
    expect(text).toBe([
      'm — M: does m',
      '    lambdaDA = 5    λ_DA — weight of the alignment loss',
      '        the weight',
      '    mode = "joint"  step mode',
      '        how',
      '',
    ].join('\n'));
  });

  it('names every parameter of every registered method with its id and label', () => {
    const text = methodListing(methodInfos());
    for (const m of methodInfos()) {
      for (const p of m.params) expect(text).toContain(`${p.name} = ${JSON.stringify(p.default)}`);
      for (const p of m.params) expect(text).toContain(p.label);
    }
  });
});
