import type { APIModalInteractionResponseCallbackComponent } from 'discord-api-types/v10';
import { EmulatorInputError } from './errors.ts';

/** Loose view of any component: the typed union is too narrow to walk generically. */
export interface ComponentNode {
  type: number;
  custom_id?: string;
  disabled?: boolean;
  label?: string;
  required?: boolean;
  min_length?: number;
  max_length?: number;
  min_values?: number;
  max_values?: number;
  options?: { value: string; label?: string }[];
  components?: ComponentNode[];
  component?: ComponentNode;
  accessory?: ComponentNode;
}

/** Component types that fire interactions (button and the five select menus). */
export const ComponentType = { ActionRow: 1, Button: 2, StringSelect: 3, TextInput: 4, UserSelect: 5, RoleSelect: 6, MentionableSelect: 7, ChannelSelect: 8, Label: 18 } as const;

const SELECT_TYPES: readonly number[] = [3, 5, 6, 7, 8];

/** Every component in a tree (action rows, containers, sections, labels). */
export function walkComponents(roots: readonly unknown[]): ComponentNode[] {
  const out: ComponentNode[] = [];
  const visit = (node: ComponentNode) => {
    out.push(node);
    for (const child of node.components ?? []) visit(child);
    if (node.component) visit(node.component);
    if (node.accessory) visit(node.accessory);
  };
  for (const root of roots as ComponentNode[]) visit(root);
  return out;
}

/** Finds the interactive component with this custom_id, explaining what exists when it is not there. */
export function findInteractive(roots: readonly unknown[], customId: string, kind: 'button' | 'select', messageId: string): ComponentNode {
  const all = walkComponents(roots);
  const wanted = all.filter((c) => (kind === 'button' ? c.type === ComponentType.Button : SELECT_TYPES.includes(c.type)) && c.custom_id);
  const found = wanted.find((c) => c.custom_id === customId);
  if (!found) {
    const other = all.find((c) => c.custom_id === customId);
    if (other) throw new EmulatorInputError(`Component "${customId}" on message ${messageId} is not a ${kind} (component type ${other.type})`);
    throw new EmulatorInputError(
      `No ${kind} with custom_id "${customId}" on message ${messageId}. ${kind === 'button' ? 'Buttons' : 'Select menus'} there: ${
        wanted.map((c) => `"${c.custom_id}"`).join(', ') || '(none)'
      }`,
    );
  }
  if (found.disabled) throw new EmulatorInputError(`The ${kind} "${customId}" on message ${messageId} is disabled`);
  return found;
}

/** Text inputs of a modal, whether in action rows (classic) or in labels (newer modals). */
export function modalTextInputs(components: readonly APIModalInteractionResponseCallbackComponent[]): ComponentNode[] {
  return walkComponents(components).filter((c) => c.type === ComponentType.TextInput && c.custom_id);
}

/**
 * The `data.components` of a MODAL_SUBMIT: the modal's layout with each text input's value,
 * keeping the row/label wrappers so discord.js finds the fields where it expects them.
 */
export function modalSubmitComponents(components: readonly APIModalInteractionResponseCallbackComponent[], fields: Record<string, string>): unknown[] {
  const out: unknown[] = [];
  for (const top of components as unknown as ComponentNode[]) {
    if (top.type === ComponentType.ActionRow) {
      const inputs = (top.components ?? []).filter((c) => c.type === ComponentType.TextInput && c.custom_id);
      if (inputs.length) {
        out.push({ type: 1, components: inputs.map((c) => ({ type: 4, custom_id: c.custom_id, value: fields[c.custom_id ?? ''] ?? '' })) });
      }
    } else if (top.type === ComponentType.Label && top.component?.type === ComponentType.TextInput && top.component.custom_id) {
      out.push({ type: 18, component: { type: 4, custom_id: top.component.custom_id, value: fields[top.component.custom_id] ?? '' } });
    }
  }
  return out;
}
