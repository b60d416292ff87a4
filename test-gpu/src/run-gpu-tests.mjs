// `pnpm test:gpu`: finds a WebGPU adapter for Node, then runs the GPU suite (vitest.config.ts here).
// With a GPU and its Vulkan driver Dawn finds it as is. Without one, Chromium's SwiftShader ICD is
// used as a software Vulkan driver (set VK_ICD_FILENAMES yourself to choose another). Nothing is
// downloaded: a missing browser or driver is reported with the apt package that provides it.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Where Debian, Ubuntu and Chrome put the SwiftShader Vulkan driver's manifest. */
export const SWIFTSHADER_ICDS = [
  '/usr/lib/chromium/vk_swiftshader_icd.json',
  '/usr/lib/chromium-browser/vk_swiftshader_icd.json',
  '/opt/google/chrome/vk_swiftshader_icd.json',
];

/** The adapter Dawn finds in a child process with `env`, or null. */
function probeAdapter(env) {
  const script =
    "import('webgpu').then(async ({ create }) => { const a = await create([]).requestAdapter(); const i = a?.info; console.log(JSON.stringify(i ? { vendor: i.vendor, architecture: i.architecture, description: i.description } : null)); process.exit(0); })";
  try {
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: root,
      env,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 60_000,
    });
    return JSON.parse(out.trim().split('\n').at(-1) ?? 'null');
  } catch {
    return null;
  }
}

const env = { ...process.env };
if (!env.VK_ICD_FILENAMES && !env.VK_DRIVER_FILES) {
  const found = probeAdapter(env);
  if (found !== null && !/swiftshader|llvmpipe|lavapipe/i.test(JSON.stringify(found))) {
    console.log(`test:gpu: Vulkan driver found: ${JSON.stringify(found)}`);
  } else {
    const icd = SWIFTSHADER_ICDS.find((path) => existsSync(path));
    if (icd === undefined) {
      console.error(
        'test:gpu: no GPU with a Vulkan driver, and no SwiftShader ICD for a software adapter: apt-get install chromium libvulkan1 (Debian/Ubuntu)',
      );
      process.exit(1);
    }
    env.VK_ICD_FILENAMES = icd;
    console.log(
      `test:gpu: no hardware Vulkan adapter; using the software adapter SwiftShader (VK_ICD_FILENAMES=${icd})`,
    );
  }
}
const vitest = spawnSync(
  process.execPath,
  [
    join(root, 'node_modules', 'vitest', 'vitest.mjs'),
    'run',
    '--config',
    join(root, 'vitest.config.ts'),
    ...process.argv.slice(2),
  ],
  { cwd: root, env, stdio: 'inherit' },
);
process.exit(vitest.status ?? 1);
