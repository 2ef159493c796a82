import { FleetBurstResult, runFleetBurst } from '../../support/fleet-burst';

const INSTANCES = 2;
const REQUESTS = 1000;

/**
 * Issue 15, acceptance 2: what a flash sale does to the fleet as shipped. No budget is raised
 * here (the fleet runs its default 300 ms read budget): a burst that queues past it must still
 * be answered from the one load and the cache, not with 504s. `npm run bench:burst` runs the
 * same scenario and prints it.
 */
describe('Fleet > a flash-sale burst on 2 default-configured shops', () => {
  let result: FleetBurstResult;

  beforeAll(async () => {
    result = await runFleetBurst({ instances: INSTANCES, requests: REQUESTS });
    console.log(JSON.stringify({ test: 'fleet-burst', ...result }));
  }, 150_000);

  it('starts the cold burst with nothing cached (L2 empty, L1 TTL long past)', () => {
    expect(result.l2HadValue).toBe(false);
    expect(result.msSinceEviction).toBeGreaterThan(2_000);
  });

  it(`${REQUESTS} simultaneous GETs of the just-evicted product → ${REQUESTS} × 200`, () => {
    const { byStatus, failures, okBodies } = result.cold;
    expect({ byStatus, failures }).toEqual({ byStatus: { 200: REQUESTS }, failures: [] });
    expect(okBodies).toHaveLength(1);
  });

  it('costs Postgres exactly 1 product read for both bursts', () => {
    expect(result.productReads).toBe(1);
  });

  it(`${REQUESTS} warm GETs → ${REQUESTS} × 200`, () => {
    const { byStatus, failures } = result.warm;
    expect({ byStatus, failures }).toEqual({ byStatus: { 200: REQUESTS }, failures: [] });
  });

  it('stops both shops cleanly', () => {
    expect(result.exitCodes).toEqual(Array(INSTANCES).fill(0));
  });
});
