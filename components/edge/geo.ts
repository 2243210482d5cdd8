/**
 * Where users are and which region serves them (pure). Steering is by great-circle distance from
 * a user area's centre to each region: the nearest region first, the others as fallbacks in order.
 */
import { regionSupport, SUPPORTED_REGIONS } from "../lib/regions";

type Point = readonly [latitude: number, longitude: number];

/** The supported regions by the coordinates of their metro area (components/lib/regions.ts SUPPORTED_REGIONS). */
export const REGION_LOCATIONS: Readonly<Record<string, Point>> = Object.fromEntries(Object.entries(SUPPORTED_REGIONS).map(([r, s]) => [r, s.location]));

/** Cloudflare load-balancing regions (geo steering keys), by their approximate centre. */
export const CLOUDFLARE_REGIONS: Readonly<Record<string, Point>> = {
    WNAM: [40, -115],
    ENAM: [40, -80],
    NSAM: [5, -70],
    SSAM: [-25, -58],
    WEU: [48, 2],
    EEU: [50, 25],
    NAF: [30, 10],
    SAF: [-20, 25],
    ME: [27, 45],
    SAS: [22, 78],
    SEAS: [5, 110],
    NEAS: [35, 125],
    OC: [-30, 145],
};

/** Continents as Fastly reports them (client.geo.continent_code). */
export const CONTINENTS: Readonly<Record<string, Point>> = {
    NA: [40, -95],
    SA: [-15, -60],
    EU: [50, 10],
    AF: [5, 20],
    AS: [30, 100],
    OC: [-25, 135],
    AN: [-80, 0],
};

/** Cloudflare health-check region nearest each region (SUPPORTED_REGIONS cloudflareCheckRegion). */
export function cloudflareCheckRegionFor(region: string): string {
    return regionSupport(region).cloudflareCheckRegion;
}

function locationOf(region: string): Point {
    return regionSupport(region).location;
}

/** Great-circle distance in km. */
export function distanceKm(a: Point, b: Point): number {
    const rad = (d: number) => (d * Math.PI) / 180;
    const [la1, lo1, la2, lo2] = [rad(a[0]), rad(a[1]), rad(b[0]), rad(b[1])];
    const h = Math.sin((la2 - la1) / 2) ** 2 + Math.cos(la1) * Math.cos(la2) * Math.sin((lo2 - lo1) / 2) ** 2;
    return 2 * 6371 * Math.asin(Math.sqrt(h));
}

/** The regions ordered nearest first from `from`. */
export function nearestRegions(from: Point, regions: readonly string[]): string[] {
    const distance = new Map(regions.map((r) => [r, distanceKm(from, locationOf(r))]));
    return [...regions].sort((x, y) => distance.get(x)! - distance.get(y)!);
}

/** For each area, every region nearest first: the first serves it, the rest are its fallbacks. */
export function steering(areas: Readonly<Record<string, Point>>, regions: readonly string[]): Record<string, string[]> {
    return Object.fromEntries(Object.entries(areas).map(([area, centre]) => [area, nearestRegions(centre, regions)]));
}

/**
 * Fastly shield POP nearest the region: the one cache every edge POP asks before the origin, so an
 * expiring object reaches the origin once, not once per POP (SUPPORTED_REGIONS fastlyShield).
 */
export function fastlyShieldFor(region: string): string {
    return regionSupport(region).fastlyShield;
}
