import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Stage } from '../domain/tiers.js';
import { ConfigError } from './config-error.js';

/**
 * Returns larkgate.yaml's text with one base's `stage` changed, and nothing else: comments, order and
 * formatting stay byte for byte as they were (the `yaml` Document API locates the one scalar, whose source
 * range is replaced).
 */
export function setBaseStage(text: string, file: string, alias: string, stage: Stage): string {
  const document = parseDocument(text);
  if (document.errors.length > 0)
    throw new ConfigError(file, '', 'not valid YAML: fix it before promoting', 'config.unparsable');
  const bases = document.get('bases', true);
  if (!isSeq(bases)) throw new ConfigError(file, 'bases', 'expected a list of bases', 'config.invalid_value');
  const index = bases.items.findIndex((item) => isMap(item) && item.get('alias') === alias);
  if (index < 0) throw new ConfigError(file, 'bases', `no base with alias "${alias}"`, 'config.unknown_base');
  const node = document.getIn(['bases', index, 'stage'], true);
  if (!isScalar(node) || !node.range) {
    throw new ConfigError(
      file,
      `bases[${index}].stage`,
      'missing: the base has no stage to change',
      'config.missing_key',
    );
  }
  const [start, end] = node.range;
  return `${text.slice(0, start)}${stage}${text.slice(end)}`;
}
