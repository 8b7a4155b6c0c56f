import type { ReactNode } from "react";

/**
 * The pages' list table: scrolls sideways inside its box on a narrow phone instead of widening
 * the page, names each column header for screen readers (`scope="col"`), and gives a last column of
 * buttons a name only screen readers read (`actions`). The rows are the caller's (`<tr>` with a
 * `<th scope="row">` first).
 */
export function DataTable({
  columns,
  actions,
  children,
}: {
  columns: ReactNode[];
  /** The name of a trailing, visually unlabelled column (row actions, a receipt link). */
  actions?: string;
  children: ReactNode;
}) {
  return (
    <div className="table-scroll">
      <table className="table">
        <thead>
          <tr>
            {columns.map((c, i) => (
              <th key={i} scope="col">
                {c}
              </th>
            ))}
            {actions !== undefined && (
              <th scope="col">
                <span className="sr-only">{actions}</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
