// Builds the registry services (grids, groups, people, rooms) and the field cipher people's phones need.
import type { Db } from '../../db/create-db.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config/config.js';
import type { Logger } from '../http/logger.js';
import { loadDataKey } from '../security/data-key-loader.js';
import { createFieldCipher } from '../security/field-cipher.js';
import { createGridService } from './grids-service.js';
import { createGroupService } from './groups-service.js';
import { createPeopleService } from './people-service.js';
import { createRoomService } from './rooms-service.js';

export function createRegistryServices(deps: { config: Config; db: Db; clock: Clock; logger: Logger }) {
  const { db, clock } = deps;
  const fieldCipher = createFieldCipher(loadDataKey(deps.config, { warn: (m) => deps.logger.warn(m) }));
  return {
    fieldCipher,
    grids: createGridService({ db, clock }),
    groups: createGroupService({ db, clock }),
    people: createPeopleService({ db, clock, cipher: fieldCipher }),
    rooms: createRoomService({ db, clock }),
  };
}

export type RegistryServices = ReturnType<typeof createRegistryServices>;
