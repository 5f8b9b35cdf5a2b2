import { stackKeyOf, type PanelDef, type StackKey } from './panel-types';

export interface StackPanels {
  key: StackKey;
  panels: PanelDef[];
  /** The panel whose tab is chosen: the remembered one if it is still there, else the first. */
  chosen: PanelDef;
}

export interface DockSides {
  left: StackPanels[];
  right: StackPanels[];
  bottom: StackPanels[];
}

const ORDER: readonly StackKey[] = ['left-upper', 'left-lower', 'right-upper', 'right-lower'];

/** Sorts the panels into their sides' stacks (upper first), keeping the array's order as tab order. */
export function groupPanels(
  panels: readonly PanelDef[],
  chosenTabs: Readonly<Partial<Record<string, string>>>,
): DockSides {
  const byStack = new Map<StackKey, PanelDef[]>();
  for (const panel of panels) {
    const key = stackKeyOf(panel);
    const list = byStack.get(key) ?? [];
    list.push(panel);
    byStack.set(key, list);
  }
  const stack = (key: StackKey): StackPanels[] => {
    const list = byStack.get(key);
    if (!list || list.length === 0) return [];
    const chosen = list.find((panel) => panel.id === chosenTabs[key]) ?? (list[0] as PanelDef);
    return [{ key, panels: list, chosen }];
  };
  const [leftUpper, leftLower, rightUpper, rightLower] = ORDER;
  return {
    left: [...stack(leftUpper as StackKey), ...stack(leftLower as StackKey)],
    right: [...stack(rightUpper as StackKey), ...stack(rightLower as StackKey)],
    bottom: stack('bottom-upper'),
  };
}
