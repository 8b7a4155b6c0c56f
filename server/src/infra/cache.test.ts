import { describe, expect, test } from "vitest";
import { createLocalCache } from "./cache.ts";

// Issue 17, defect 8: the single-node cache never evicted, so random query values grew the heap.
describe("local cache", () => {
  test("stays within its bound, evicting the least recently used", async () => {
    const cache = createLocalCache(100);
    await cache.set("keep", "k", 60);
    for (let i = 0; i < 1000; i++) {
      await cache.set(`random-${i}`, "v".repeat(100), 60);
      if (i % 50 === 0) expect(await cache.get("keep")).toBe("k"); // used often: stays
    }
    expect(cache.size()).toBe(100);
    expect(await cache.get("keep")).toBe("k");
    expect(await cache.get("random-0")).toBeNull();
    expect(await cache.get("random-999")).toBe("v".repeat(100));
  });

  test("expired entries answer null and leave", async () => {
    const cache = createLocalCache(10);
    await cache.set("gone", "x", -1);
    expect(await cache.get("gone")).toBeNull();
    expect(cache.size()).toBe(0);
    await cache.set("a", "1", 60);
    await cache.del("a", "missing");
    expect(await cache.get("a")).toBeNull();
  });
});
