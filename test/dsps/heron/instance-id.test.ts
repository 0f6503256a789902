import { describe, expect, it } from 'vitest';
import {
  formatInstanceId,
  parseInstanceId,
  tryParseInstanceId,
} from '../../../src/dsps/heron/instance-id.js';
import { isAppError } from '../../../src/errors.js';

describe('Heron instance ids', () => {
  it.each([
    ['container_1_word_2', 1, 'word', 2],
    ['container_1_exclaim1_1', 1, 'exclaim1', 1],
    ['container_12_split_sentence_107', 12, 'split_sentence', 107],
    ['container_3_bolt_2_9', 3, 'bolt_2', 9],
    ['container_0___metrics_1', 0, '__metrics', 1],
    ['container_2_a_b_c_d_40', 2, 'a_b_c_d', 40],
    ['container_5_word-count.v2_3', 5, 'word-count.v2', 3],
  ])('parses %s from both ends', (id, containerIndex, component, taskId) => {
    expect(parseInstanceId(id)).toEqual({
      id,
      containerIndex,
      container: `container_${containerIndex}`,
      component,
      taskId,
    });
    expect(formatInstanceId(containerIndex, component, taskId)).toBe(id);
  });

  it.each([
    'container_1_word',
    'container__word_2',
    'container_1__2',
    'word_2',
    'container_x_word_2',
    'container_1_word_2x',
    '',
  ])('rejects %j', (id) => {
    expect(tryParseInstanceId(id)).toBeUndefined();
    try {
      parseInstanceId(id);
      expect.unreachable();
    } catch (err) {
      expect(isAppError(err) && err.code).toBe('METRICS_BAD_RESPONSE');
    }
  });
});
