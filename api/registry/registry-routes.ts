// Registers the office's registry endpoints: grids and places, groups, people, room bindings.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { gridsRoutes } from './grids-routes.js';
import { groupsRoutes } from './groups-routes.js';
import { peopleRoutes } from './people-routes.js';
import type { RegistryServices } from './registry-services.js';
import { roomsRoutes } from './rooms-routes.js';

export const registryRoutes: FastifyPluginAsyncZod<{ registry: RegistryServices }> = async (app, opts) => {
  const { registry } = opts;
  await app.register(gridsRoutes, { grids: registry.grids });
  await app.register(groupsRoutes, { groups: registry.groups });
  await app.register(peopleRoutes, { people: registry.people });
  await app.register(roomsRoutes, { rooms: registry.rooms });
};
