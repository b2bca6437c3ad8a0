/** Step 1: the dataset (built-in, uploaded or from a URL), the model, training settings and presets. */
import { useEffect, useRef, useState } from 'react';
import type { DatasetName } from '../../engine/config';
import { useClient, useLab } from '../context';
import { configFromDraft, draftFromConfig, DraftError, IMAGE_SETS, TWO_D, type Draft } from './configDraft';
import { Section, SelectField, TextField } from './ui';
import { DataPreview } from './DataPreview';

const DATASETS: { value: DatasetName; label: string }[] = [
  { value: 'mnist', label: 'MNIST digits (10 classes)' },
  { value: 'fashion-mnist', label: 'Fashion-MNIST (10 classes)' },
  { value: 'moons', label: 'Two moons (2-D)' },
  { value: 'blobs', label: 'Gaussian blobs (2-D)' },
  { value: 'circles', label: 'Circles (2-D)' },
  { value: 'spirals', label: 'Spirals (2-D)' },
  { value: 'csv', label: 'CSV table (upload or URL)' },
  { value: 'images', label: 'Image folder (upload or URL)' },
];

export function DataModelPanel() {
  const client = useClient();
  const config = useLab((s) => s.config);
  const presets = useLab((s) => s.presets);
  const busy = useLab((s) => s.busy);
  const [draft, setDraft] = useState<Draft>(() => draftFromConfig(config));
  const [error, setError] = useState<{ field: string; message: string } | null>(null);
  const csvInput = useRef<HTMLInputElement>(null);
  const imageInput = useRef<HTMLInputElement>(null);

  // A config from elsewhere (a preset, a shared link, an upload) resets the form; a change of
  // methods or forget set (also part of the config) must not wipe what is being typed here.
  const formKey = JSON.stringify([config.dataset, config.model, config.train, config.seed]);
  useEffect(() => {
    setDraft(draftFromConfig(config));
    setError(null);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [formKey]);

  const set = <K extends keyof Draft>(k: K) => (v: Draft[K]) => setDraft((d) => ({ ...d, [k]: v }));
  const fieldError = (k: keyof Draft) => (error?.field === k ? error.message : null);

  function apply(): void {
    try {
      const next = configFromDraft(draft, config);
      setError(null);
      void client.setConfig(next);
    } catch (e) {
      if (e instanceof DraftError) setError({ field: String(e.field), message: e.message });
      else setError({ field: 'dataset', message: String(e) });
    }
  }

  const is2d = TWO_D.includes(draft.dataset);
  const isImageSet = IMAGE_SETS.includes(draft.dataset);
  const isUser = draft.dataset === 'csv' || draft.dataset === 'images';

  return (
    <Section step={1} id="data" title="Data & model" intro="Pick a dataset and a model. The data preview below updates as soon as the data is loaded.">
      <form
        className="form-grid"
        onSubmit={(e) => {
          e.preventDefault();
          apply();
        }}
      >
        {presets.length > 0 && (
          <div className="field">
            <label htmlFor="preset">Preset</label>
            <select
              id="preset"
              value=""
              onChange={(e) => {
                const p = presets.find((x) => x.file === e.target.value);
                if (p) void client.applyPreset(p);
              }}
            >
              <option value="">Choose a preset…</option>
              {presets.map((p) => <option key={p.file} value={p.file} title={p.comment}>{p.title}</option>)}
            </select>
          </div>
        )}
        <SelectField label="Dataset" name="dataset" value={draft.dataset} options={DATASETS} onChange={set('dataset')} help="Built-in sets load from this site; CSV and images can be uploaded or fetched from a URL." />
        {is2d && (
          <>
            <TextField label="Points" name="n" inputMode="numeric" value={draft.n} onChange={set('n')} placeholder="1000" error={fieldError('n')} help="Number of 2-D points (80% train, 20% test)" />
            <TextField label="Noise" name="noise" inputMode="decimal" value={draft.noise} onChange={set('noise')} placeholder="default" error={fieldError('noise')} help="Standard deviation of the Gaussian noise added to each point" />
            <TextField label="Classes" name="classes" inputMode="numeric" value={draft.classes} onChange={set('classes')} placeholder="default" error={fieldError('classes')} help="Blobs and spirals take several classes; moons and circles have two" />
          </>
        )}
        {isImageSet && (
          <>
            <TextField label="Training images" name="trainSize" inputMode="numeric" value={draft.trainSize} onChange={set('trainSize')} placeholder="all" error={fieldError('trainSize')} help="Use a subset of the training images (faster); empty = all" />
            <TextField label="Test images" name="testSize" inputMode="numeric" value={draft.testSize} onChange={set('testSize')} placeholder="all" error={fieldError('testSize')} help="Use a subset of the test images; empty = all" />
          </>
        )}
        {isUser && (
          <div className="field wide">
            <TextField label="Data URL" name="url" inputMode="url" value={draft.url} onChange={set('url')} placeholder="https://…" error={fieldError('url')} help="An http(s) address of a CSV file (last column = label) or a zip of class folders. Fetched only when you press Load." />
            <div className="row">
              <button type="button" onClick={() => csvInput.current?.click()}>Upload CSV…</button>
              <button type="button" onClick={() => imageInput.current?.click()}>Upload image folder…</button>
              {draft.upload && <span className="muted">Uploaded: {draft.upload}</span>}
            </div>
          </div>
        )}
        <SelectField label="Model" name="model" value={draft.modelKind} options={[{ value: 'mlp', label: 'MLP' }, { value: 'cnn', label: 'Small CNN' }]} onChange={set('modelKind')} help="MLP: dense layers. CNN: conv3×3 + ReLU + max-pool blocks, then dense layers." />
        {draft.modelKind === 'cnn' && (
          <TextField label="Conv channels" name="channels" value={draft.channels} onChange={set('channels')} error={fieldError('channels')} help="Channels of each conv block, e.g. 16, 32" />
        )}
        <TextField label="Hidden widths" name="hidden" value={draft.hidden} onChange={set('hidden')} error={fieldError('hidden')} help="Widths of the dense layers before the feature layer, e.g. 256 or 128, 64" />
        <TextField label="Feature width" name="featureDim" inputMode="numeric" value={draft.featureDim} onChange={set('featureDim')} error={fieldError('featureDim')} help="Width of the penultimate layer: the features every metric studies" />
        <TextField label="Seed" name="seed" inputMode="numeric" value={draft.seed} onChange={set('seed')} error={fieldError('seed')} help="One seed decides data subsets, forget sets, initial weights and batches" />
        <TextField label="Epochs" name="epochs" inputMode="numeric" value={draft.epochs} onChange={set('epochs')} error={fieldError('epochs')} help="Training epochs of Original (and Retrain)" />
        <TextField label="Batch size" name="batchSize" inputMode="numeric" value={draft.batchSize} onChange={set('batchSize')} error={fieldError('batchSize')} />
        <TextField label="Learning rate" name="lr" inputMode="decimal" value={draft.lr} onChange={set('lr')} error={fieldError('lr')} />
        <SelectField label="Optimizer" name="optimizer" value={draft.optimizer} options={[{ value: 'adam', label: 'Adam' }, { value: 'sgd', label: 'SGD (momentum)' }]} onChange={set('optimizer')} />
        <div className="field actions">
          <button type="submit" className="primary" disabled={!!busy && busy.command.startsWith('Loading')}>Load data & model</button>
        </div>
        {error && !['n', 'noise', 'classes', 'trainSize', 'testSize', 'url', 'hidden', 'featureDim', 'channels', 'seed', 'epochs', 'batchSize', 'lr'].includes(error.field) && (
          <p role="alert" className="field-error wide">{error.message}</p>
        )}
      </form>
      <input
        ref={csvInput} type="file" accept=".csv,text/csv" hidden aria-label="CSV file"
        onChange={(e) => {
          const f = e.target.files?.[0];
          if (f) void client.uploadCsv(f);
          e.target.value = '';
        }}
      />
      <input
        ref={imageInput} type="file" accept="image/*,.zip" multiple hidden aria-label="Image files"
        {...({ webkitdirectory: '' } as Record<string, string>)}
        onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          const name = files[0]?.webkitRelativePath.split('/')[0] || files[0]?.name || 'images';
          void client.uploadImages(files.map((f) => ({ name: f.name, size: f.size, path: f.webkitRelativePath || f.name, bytes: async () => new Uint8Array(await f.arrayBuffer()) })), name);
          e.target.value = '';
        }}
      />
      <DataPreview />
    </Section>
  );
}
