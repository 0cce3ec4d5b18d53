/** One row kept for later: its DataLink access_url (a selection of this session's client) and a label. */
export interface BasketItem {
  accessUrl: string;
  table: string;
  label: string;
}

/** The basket of selected rows, kept across searches for the browser session (sessionStorage). */
export class Basket {
  private items: BasketItem[];

  constructor(private readonly storage: Storage = sessionStorage, private readonly onChange: () => void = () => {}) {
    try {
      this.items = JSON.parse(storage.getItem('portal.basket') ?? '[]');
    } catch {
      this.items = [];
    }
  }

  all(): BasketItem[] {
    return [...this.items];
  }

  /** Adds the rows not in the basket yet; returns how many were new. */
  add(items: BasketItem[]): number {
    const known = new Set(this.items.map((i) => i.accessUrl));
    const fresh = items.filter((i) => !known.has(i.accessUrl) && known.add(i.accessUrl));
    this.items.push(...fresh);
    this.save();
    return fresh.length;
  }

  remove(accessUrl: string): void {
    this.items = this.items.filter((i) => i.accessUrl !== accessUrl);
    this.save();
  }

  clear(): void {
    this.items = [];
    this.save();
  }

  private save(): void {
    this.storage.setItem('portal.basket', JSON.stringify(this.items));
    this.onChange();
  }
}
