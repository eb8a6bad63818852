import { CopyTextButton } from '@backstage/core-components';
import { CodeBlock } from '../CodeBlock';

/** One command as a code block with a copy button. */
export function CommandBlock({ command }: { command: string }) {
  return (
    <CodeBlock
      code={command}
      action={
        <CopyTextButton
          text={command}
          tooltipText="Command copied"
          aria-label="Copy command"
        />
      }
    />
  );
}
