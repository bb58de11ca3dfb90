import type { FastifyInstance } from 'fastify';
import yaml from 'js-yaml';
import { pipelines } from '../repositories/pipelines';

interface StepSpec {
  name: string;
  image: string;
  run: string[];
}

interface PipelineSpec {
  name: string;
  trigger?: { branches?: string[] };
  steps: StepSpec[];
}

function toSpec(doc: unknown): PipelineSpec | null {
  if (!doc || typeof doc !== 'object') return null;
  const spec = doc as Partial<PipelineSpec>;
  if (typeof spec.name !== 'string' || !Array.isArray(spec.steps) || spec.steps.length === 0) return null;
  return spec as PipelineSpec;
}

export default async function pipelineImportRoutes(app: FastifyInstance) {
  app.addContentTypeParser(['application/yaml', 'text/yaml'], { parseAs: 'string', bodyLimit: 256 * 1024 }, (_req, body, done) => {
    done(null, body);
  });

  app.post<{ Params: { projectId: string }; Body: string }>(
    '/projects/:projectId/pipelines/import',
    { preHandler: app.requireProjectMember },
    async (request, reply) => {
      let doc: unknown;
      try {
        doc = yaml.load(request.body, { schema: yaml.CORE_SCHEMA, json: true });
      } catch {
        return reply.code(400).send({ message: 'pipeline file is not valid YAML' });
      }

      const spec = toSpec(doc);
      if (!spec) {
        return reply.code(422).send({ message: 'pipeline needs a name and at least one step' });
      }

      const saved = await pipelines.upsert(request.params.projectId, {
        name: `${spec.name}`.slice(0, 80),
        branches: spec.trigger?.branches ?? ['main'],
        steps: spec.steps.map((s) => ({ name: String(s.name), image: String(s.image), run: s.run.map(String) })),
      });
      request.log.info({ pipelineId: saved.id }, 'pipeline imported');
      return reply.code(201).send({ id: saved.id, steps: saved.steps.length });
    },
  );
}
