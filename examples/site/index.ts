export { describeSite, EXTERNAL_LINK, type Route, type SiteOptions, type SitePlan } from './plan.js';
export { type Site, startSite } from './site.js';
