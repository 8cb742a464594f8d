// The widget's only way to the server: GET requests to the read API, with the optional
// publishable key. A newer search aborts the one still in flight (search as you type).
import type { CrisisResource, Group, GroupList, Vocabulary } from './types.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | null,
  ) {
    super(`HTTP ${status}${code ? ` ${code}` : ''}`);
  }
}

export class Api {
  private readonly base: string;
  private readonly headers: Record<string, string>;
  private search: AbortController | null = null;

  constructor(base: string, key: string | null) {
    this.base = base.replace(/\/+$/, '');
    this.headers = { accept: 'application/json' };
    // A secret key in a web page is a leaked key: only publishable keys travel from a browser.
    if (key?.startsWith('cir_pk_')) this.headers.authorization = `Bearer ${key}`;
    else if (key) console.warn('circles-finder: `key` must be a publishable key (cir_pk_...); ignored');
  }

  url(path: string, params?: URLSearchParams): string {
    const query = params?.toString();
    return `${this.base}${path}${query ? `?${query}` : ''}`;
  }

  private async get<T>(path: string, params?: URLSearchParams, signal?: AbortSignal): Promise<T> {
    const response = await fetch(this.url(path, params), {
      headers: this.headers,
      credentials: 'omit',
      ...(signal ? { signal } : {}),
    });
    if (!response.ok) {
      const problem = (await response.json().catch(() => null)) as { code?: string } | null;
      throw new ApiError(response.status, problem?.code ?? null);
    }
    return (await response.json()) as T;
  }

  /** Searches; a call made while another is in flight aborts the older one (AbortError). */
  groups(params: URLSearchParams): Promise<GroupList> {
    this.search?.abort();
    this.search = new AbortController();
    return this.get<GroupList>('/v1/groups', params, this.search.signal);
  }

  async group(idOrSlug: string): Promise<Group> {
    return (await this.get<{ data: Group }>(`/v1/groups/${encodeURIComponent(idOrSlug)}`)).data;
  }

  calendarUrl(group: Group): string {
    return this.url(`/v1/groups/${encodeURIComponent(group.id)}/calendar.ics`);
  }

  async crisis(country: string | null): Promise<CrisisResource[]> {
    const params = new URLSearchParams(country ? { country } : {});
    return (await this.get<{ data: { resources: CrisisResource[] } }>('/v1/crisis-resources', params)).data
      .resources;
  }

  async taxonomy(): Promise<Vocabulary[]> {
    return (await this.get<{ data: Vocabulary[] }>('/v1/taxonomy')).data;
  }
}
