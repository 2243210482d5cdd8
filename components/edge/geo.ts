/**
 * Where users are and which region serves them (pure). Steering is by great-circle distance from
 * a user area's centre to each region: the nearest region first, the others as fallbacks in order.
 */

type Point = readonly [latitude: number, longitude: number];

/** AWS regions bibox may run in, by the coordinates of their metro area. */
export const REGION_LOCATIONS: Readonly<Record<string, Point>> = {
    "us-east-1": [38.9, -77.4],
    "us-east-2": [40.0, -83.0],
    "us-west-2": [45.8, -119.7],
    "ca-central-1": [45.5, -73.6],
    "sa-east-1": [-23.5, -46.6],
    "eu-west-1": [53.3, -6.3],
    "eu-west-2": [51.5, -0.1],
    "eu-central-1": [50.1, 8.7],
    "eu-north-1": [59.3, 18.1],
    "ap-northeast-1": [35.7, 139.7],
    "ap-northeast-2": [37.6, 127.0],
    "ap-southeast-1": [1.35, 103.8],
    "ap-southeast-2": [-33.9, 151.2],
    "ap-south-1": [19.1, 72.9],
};

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

/**
 * Fastly shield POP nearest each region: the one cache every edge POP asks before the origin, so
 * an expiring object reaches the origin once, not once per POP. (Codes as `fastly pops` lists them.)
 */
export const FASTLY_SHIELDS: Readonly<Record<string, string>> = {
    "us-east-1": "iad-va-us",
    "eu-west-1": "dub-dublin-ie",
    "ap-northeast-1": "tyo-tokyo-jp",
};

/** Cloudflare health-check regions nearest each AWS region. */
export const CLOUDFLARE_CHECK_REGIONS: Readonly<Record<string, string>> = {
    "us-east-1": "ENAM",
    "eu-west-1": "WEU",
    "ap-northeast-1": "NEAS",
};

function locationOf(region: string): Point {
    const p = REGION_LOCATIONS[region];
    if (!p) throw new Error(`no location known for region ${region}; add it to REGION_LOCATIONS`);
    return p;
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

export function fastlyShieldFor(region: string): string {
    const shield = FASTLY_SHIELDS[region];
    if (!shield) throw new Error(`no Fastly shield POP chosen for ${region}; add it to FASTLY_SHIELDS`);
    return shield;
}
