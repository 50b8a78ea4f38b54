import 'reflect-metadata';
import { MODULE_METADATA } from '@nestjs/common/constants';
import { CasesModule } from './cases/cases.module';
import { CyclesModule } from './cycles/cycles.module';
import { DocumentsModule } from './documents/documents.module';
import { EvidenceModule } from './evidence/evidence.module';
import { StatutesModule } from './statutes/statutes.module';
import { WebModule } from './web/web.module';

type ModuleClass = abstract new (...args: never[]) => unknown;

// Everything a module imports, directly or through the modules it imports (dynamic modules by their class).
function importsOf(module: ModuleClass, seen = new Set<ModuleClass>()): Set<ModuleClass> {
  const direct = (Reflect.getMetadata(MODULE_METADATA.IMPORTS, module) ?? []) as Array<ModuleClass | { module: ModuleClass }>;
  for (const entry of direct) {
    const imported = typeof entry === 'function' ? entry : entry?.module;
    if (!imported || seen.has(imported)) continue;
    seen.add(imported);
    importsOf(imported, seen);
  }
  return seen;
}

// The guide's one-way order: statutes <- cases/evidence <- cycles/tranches <- documents <- web.
const LAYERS: ModuleClass[][] = [[StatutesModule], [CasesModule, EvidenceModule], [CyclesModule], [DocumentsModule], [WebModule]];

describe('module dependencies', () => {
  it('run one way: no module imports, even through others, a module of a layer above its own', () => {
    const upward: string[] = [];
    LAYERS.forEach((layer, level) => {
      const above = LAYERS.slice(level + 1).flat();
      for (const module of layer) {
        for (const imported of importsOf(module)) if (above.includes(imported)) upward.push(`${module.name} -> ${imported.name}`);
      }
    });
    expect(upward).toEqual([]);
  });

  it('sees the imports it checks (documents reaches cycles, web reaches documents)', () => {
    expect(importsOf(DocumentsModule).has(CyclesModule)).toBe(true);
    expect(importsOf(WebModule).has(DocumentsModule)).toBe(true);
  });
});
