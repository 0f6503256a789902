import type { ResultDocument } from '../ui/shared/api-client.js';
import { graphText } from './graph-text.js';
import type { ModelAspect } from './model-request.js';
import { scalingText } from './scaling-text.js';
import { topologyText } from './topology-text.js';
import { trafficText } from './traffic-text.js';

/** The readable table of a result, by what was asked. `role`: the Heron role the request named. */
export function modelText(aspect: ModelAspect, doc: ResultDocument, role?: string): string {
  switch (aspect) {
    case 'traffic':
      return trafficText(doc);
    case 'current':
    case 'proposed':
      return topologyText(doc);
    case 'scaling':
      return scalingText(doc, role);
    case 'graph':
      return graphText(doc);
  }
}
