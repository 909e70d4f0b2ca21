export interface OverheadParams {
    rounds: number;
    requests: number;
    advanceCalls: number;
    hookCalls: number;
    /** `dataset.pushData()` calls in the isolated item-counting row (a push costs far more than a hook). */
    pushCalls: number;
    /** `Actor.charge()` calls and counted pushes in the pay-per-event rows (a local charge costs a few µs). */
    chargeCalls: number;
    /** `addRequests()` answers of 10 links in the isolated link-counting row. */
    linkBatches: number;
    /** Real `addRequests()` of 10 new links on in-memory storage, the cost the link counter is set against. */
    realBatches: number;
}

export interface OverheadResult {
    /** Milliseconds per crawl, in the order run. */
    crawlPlain: number[];
    crawlAttached: number[];
    /** Per round: attached / plain. */
    crawlRatios: number[];
    /** CPU time (user + system) of this process per crawl, ms: less disturbed by other processes' load. */
    crawlPlainCpu: number[];
    crawlAttachedCpu: number[];
    crawlCpuRatios: number[];
    loopEmpty: number[];
    loopAdvance: number[];
    loopRatios: number[];
    /** `hookCalls` x (stats.startJob + finishJob) on a crawler that is not run, without and with attach(). */
    hooksPlain: number[];
    hooksAttached: number[];
    /** Crawls whose handler saves an item per request and fails every 10th, without and with attach(). */
    workPlain: number[];
    workAttached: number[];
    workRatios: number[];
    workPlainCpu: number[];
    workAttachedCpu: number[];
    workCpuRatios: number[];
    /** `pushCalls` x `dataset.pushData()` on a crawler's default dataset, unwatched and watched. */
    pushPlain: number[];
    pushAttached: number[];
    /** `hookCalls` x `pushData()` on a dataset that does nothing, unwatched and watched: the counter alone. */
    counterPlain: number[];
    counterAttached: number[];
    /** `hookCalls` x (stats.startJob + failJob), without and with attach(). */
    failPlain: number[];
    failAttached: number[];
    /** `chargeCalls` x `Actor.charge()` on the SDK's charging manager, unwatched and watched (pay-per-event). */
    chargePlain: number[];
    chargeWatched: number[];
    /** `chargeCalls` pushes counted by attach(), no pay-per-event run watched and one watched. */
    countedPushPlain: number[];
    countedPushPpe: number[];
    /** Items the attached work crawls counted, and the items in their datasets. */
    itemsCounted: number[];
    itemsSaved: number[];
    /** `linkBatches` answers of 10 links from a queue that does nothing, unwatched and watched (the projection's counter). */
    linksPlain: number[];
    linksAttached: number[];
    /** `realBatches` real `addRequests()` of 10 new links, ms. */
    realAddRequests: number[];
}
