import { runFleetBurst } from '../../support/fleet-burst';
import { REDIS_TOPOLOGIES } from '../../support/redis-topology';

/**
 * Issue 15, acceptance 2 (also `npm run bench:burst`): 2 shop processes with their default
 * configuration, a hot product just evicted everywhere, 1,000 simultaneous GETs on fresh
 * connections → 1,000 × 200 and one product read counted by Postgres; then 1,000 warm → 1,000 × 200.
 * Issue 17: the same on a 6-node Redis Cluster (REDIS_CLUSTER_NODES), one load fleet-wide.
 */
describe.each(REDIS_TOPOLOGIES)(
  'Fleet > a flash-sale burst on a just-evicted product, default configuration (%s Redis)',
  (redis) => {
    it('answers 1,000 cold and 1,000 warm GETs with 200 and reads the product once', async () => {
      const r = await runFleetBurst({ instances: 2, requests: 1000, redis });
      console.log(
        JSON.stringify({
          test: 'flash-burst',
          ...r,
          cold: { ...r.cold, okBodies: r.cold.okBodies.length },
          warm: { ...r.warm, okBodies: r.warm.okBodies.length },
        }),
      );
      expect({ cold: r.cold.byStatus, failures: r.cold.failures }).toEqual({
        cold: { 200: 1000 },
        failures: [],
      });
      expect(r.l2HadValue).toBe(false);
      expect(r.productReads).toBe(1);
      expect(r.cold.okBodies).toHaveLength(1);
      expect({ warm: r.warm.byStatus, failures: r.warm.failures }).toEqual({
        warm: { 200: 1000 },
        failures: [],
      });
      expect(r.exitCodes).toEqual([0, 0]);
    }, 180_000);
  },
);
