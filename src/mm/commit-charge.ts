/**
 * CommitCharge: the system-wide promise of backing store (SPEC section 3).
 *
 * The commit limit is RAM pages + pagefile pages. Every page that may one day need a
 * place in the pagefile is charged when it is promised, not when it is touched:
 * private committed pages, page tables, paged pool (and, with sections, pagefile-backed
 * sections and copy-on-write views). A charge that would pass the limit fails, which
 * services report as ERROR_COMMITMENT_LIMIT.
 *
 * Invariant: `charge` equals the sum of the per-source totals, and never exceeds `limit`.
 */

export const CommitSource = {
  Private: 'private',
  PageTables: 'pageTables',
  PagedPool: 'pagedPool',
  Sections: 'sections',
  CopyOnWrite: 'copyOnWrite',
} as const;
export type CommitSource = (typeof CommitSource)[keyof typeof CommitSource];

export class CommitCharge {
  private total = 0;
  private peakValue = 0;
  private readonly bySource = new Map<CommitSource, number>();

  constructor(readonly limit: number) {}

  get charge(): number {
    return this.total;
  }

  get peak(): number {
    return this.peakValue;
  }

  get available(): number {
    return this.limit - this.total;
  }

  sourceTotal(source: CommitSource): number {
    return this.bySource.get(source) ?? 0;
  }

  /** Charges `pages` to `source` if the limit allows; returns false (charging nothing) if not. */
  tryCharge(pages: number, source: CommitSource): boolean {
    if (pages < 0 || !Number.isInteger(pages)) throw new Error(`bad commit charge ${pages}`);
    if (this.total + pages > this.limit) return false;
    this.total += pages;
    this.bySource.set(source, this.sourceTotal(source) + pages);
    if (this.total > this.peakValue) this.peakValue = this.total;
    return true;
  }

  /** Gives back what was charged; giving back more than a source holds is a kernel bug. */
  release(pages: number, source: CommitSource): void {
    const held = this.sourceTotal(source);
    if (pages < 0 || pages > held) throw new Error(`commit release of ${pages} pages from ${source}, which holds ${held}`);
    this.total -= pages;
    this.bySource.set(source, held - pages);
  }

  checkInvariants(): void {
    let sum = 0;
    for (const v of this.bySource.values()) sum += v;
    if (sum !== this.total) throw new Error(`commit charge ${this.total} != sum of sources ${sum}`);
    if (this.total > this.limit) throw new Error(`commit charge ${this.total} exceeds limit ${this.limit}`);
  }
}
