import type { FieldErrors } from '../../api/client';
import type { AreaCollection, Category, PublicConfig } from '../../api/types';

export interface FlowData {
  config: PublicConfig;
  categories: Category[];
  areas: AreaCollection;
}

export interface StepView {
  title: string;
  body: HTMLElement;
  cleanup?: () => void;
}

export type StepRenderer = (data: FlowData, errors: FieldErrors, goTo: (step: number) => void) => StepView;
