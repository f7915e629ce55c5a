/**
 * The channel line-up as the database holds it, read once at start: the CDN's logos, the test
 * channels' folders (their hlsPath), their startover windows (from catchupHours, as MediaPackage's
 * would be configured) and the dev guide's channel ids all come from here, so they match what the
 * edge hands out.
 */
import pg from "pg";

export interface CatalogueChannel {
  slug: string;
  number: number;
  name: string;
  category: string | null;
  hlsPath: string;
  logoUrl: string | null;
  /** The broadcaster's catch-up grant: how far back the CDN's startover window reaches (≥ 24 h locally). */
  catchupHours: number;
}

export async function readChannelCatalogue(databaseUrl: string): Promise<CatalogueChannel[]> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    const { rows } = await client.query<CatalogueChannel>(
      `select slug, number, name, category, hls_path as "hlsPath", logo_url as "logoUrl",
              catchup_hours as "catchupHours"
         from channels where active order by number`,
    );
    return rows;
  } finally {
    await client.end();
  }
}
