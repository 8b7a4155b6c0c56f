import { useEffect, useRef, useState, type CSSProperties, type ReactNode } from "react";

/**
 * Renders only the rows in view (plus a few) of a fixed-row-height list: 1,000 roster rows cost
 * the DOM of about 30. Rows are absolutely positioned inside a spacer as tall as the whole list.
 */
export function VirtualRows<T>(props: {
  items: T[];
  rowHeight: number;
  /** Height of the scrolling area in px (it shrinks to fit short lists). */
  maxHeight: number;
  rowKey: (item: T) => string;
  renderRow: (item: T, index: number, style: CSSProperties) => ReactNode;
  overscan?: number;
  className?: string;
}) {
  const { items, rowHeight, maxHeight, overscan = 8 } = props;
  const ref = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const height = Math.min(maxHeight, items.length * rowHeight);
  // A list that shrank under the scroll position would show nothing.
  useEffect(() => {
    const max = Math.max(0, items.length * rowHeight - height);
    if (scrollTop > max && ref.current) ref.current.scrollTop = max;
  }, [items.length, rowHeight, height, scrollTop]);
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(items.length, Math.ceil((scrollTop + height) / rowHeight) + overscan);
  const rows: ReactNode[] = [];
  for (let i = first; i < last; i++) {
    const item = items[i]!;
    rows.push(
      props.renderRow(item, i, {
        position: "absolute",
        top: i * rowHeight,
        height: rowHeight,
        left: 0,
        right: 0,
      }),
    );
  }
  return (
    <div
      ref={ref}
      role="rowgroup"
      className={props.className}
      style={{ height, overflowY: "auto", position: "relative" }}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      tabIndex={0}
    >
      <div style={{ height: items.length * rowHeight, position: "relative" }}>{rows}</div>
    </div>
  );
}
