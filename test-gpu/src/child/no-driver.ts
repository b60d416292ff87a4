// Run by the suite in a child process whose VK_ICD_FILENAMES names a file that does not exist:
// prints what useBackend('webgpu') throws and what 'auto' picks, as JSON on one line.
import { useBackend } from '@strata/backends';

let named = '';
try {
  await useBackend('webgpu');
  named = 'no error';
} catch (error) {
  named = `${(error as Error).name}: ${(error as Error).message}`;
}
const auto = await useBackend('auto');
process.stdout.write(`${JSON.stringify({ named, auto: auto.name, reason: auto.reason })}\n`);
process.exit(0);
