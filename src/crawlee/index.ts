export { attachCrawler } from './attach.js';
export { type CrawlerReading, type CrawlProgress, crawlProgress, sumProgress } from './crawl-progress.js';
export { CRAWLER_UNIT } from './crawler-group.js';
export type { CrawlerLike, CrawlerStatisticsState, CrawlerStatusMessageOptions } from './crawler-shape.js';
