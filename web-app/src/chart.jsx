import { useEffect, useRef } from 'preact/hooks';
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);
Chart.defaults.font.family = 'system-ui, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif';
Chart.defaults.color = '#1f2328';
Chart.defaults.locale = 'vi-VN';

/** Colours with at least 3:1 contrast against white (WCAG 2.1 non-text contrast). */
export const SERIES = ['#0b5394', '#b45309', '#1e6b34', '#7b2d8e', '#a1260d', '#0e7490'];

/**
 * A bar chart (Chart.js on a canvas). The canvas is labelled for screen readers; the same numbers are in the table
 * next to it, which is what a keyboard or screen-reader user reads.
 */
export function BarChart({ label, labels, datasets, horizontal = false, percent = true, height = 320, id }) {
  const canvas = useRef(null);
  const chart = useRef(null);
  useEffect(() => {
    const axis = {
      beginAtZero: true,
      max: percent ? 100 : undefined,
      ticks: { callback: (v) => (percent ? `${v} %` : v) },
    };
    // long unit and district names would take the whole width of a phone: cut, the tooltip has them whole
    const category = {
      ticks: {
        callback(value) {
          const text = String(this.getLabelForValue(value));
          const max = this.chart.width < 520 ? 16 : 36;
          return text.length > max ? `${text.slice(0, max - 1)}…` : text;
        },
      },
    };
    chart.current = new Chart(canvas.current, {
      type: 'bar',
      data: { labels: [], datasets: [] },
      options: {
        indexAxis: horizontal ? 'y' : 'x',
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: horizontal ? { x: axis, y: category } : { y: axis, x: category },
        plugins: {
          legend: { display: datasets.length > 1, position: 'bottom' },
          tooltip: {
            callbacks: {
              label: (ctx) => {
                const v = ctx.parsed[horizontal ? 'x' : 'y'];
                const text = v === null ? '—' : v.toLocaleString('vi-VN', { maximumFractionDigits: 2 });
                return `${ctx.dataset.label}: ${text}${percent ? ' %' : ''}`;
              },
            },
          },
        },
      },
    });
    return () => chart.current.destroy();
  }, [horizontal, percent]);
  useEffect(() => {
    chart.current.data.labels = labels;
    chart.current.data.datasets = datasets.map((d, i) => ({
      backgroundColor: SERIES[i % SERIES.length], borderWidth: 0, ...d,
    }));
    chart.current.update();
  }, [labels, datasets]);
  return (
    <div class="chart" style={{ height: `${height}px` }}>
      <canvas ref={canvas} id={id} role="img" aria-label={label} />
    </div>
  );
}
