// The meeting overview's charts (ECharts, vendored). A static file: the Content-Security-Policy
// allows no inline script. The data address comes from the script tag's data-url.
const dataUrl = document.currentScript.dataset.url;
document.addEventListener("DOMContentLoaded", function () {
  fetch(dataUrl, {credentials: "same-origin"}).then(r => r.json()).then(function (d) {
    if (!window.echarts) return;
    function empty(id, data) {
      if (Object.values(data).some(v => v > 0)) return false;
      document.getElementById(id).innerHTML = '<div class="chart-empty">暂无数据</div>';
      return true;
    }
    const colors = ["#b5121b", "#d9534f", "#f0ad4e", "#5b8def", "#4caf50", "#8e6cc8", "#999"];
    function pie(id, data) {
      if (empty(id, data)) return;
      const entries = Object.entries(data).filter(e => e[1] > 0);
      const chart = echarts.init(document.getElementById(id));
      chart.setOption({color: colors, tooltip: {trigger: "item"}, legend: {bottom: 0},
        series: [{type: "pie", radius: ["35%", "65%"], data: entries.map(([k, v]) => ({name: k, value: v})),
                  label: {formatter: "{b}: {c}"}}]});
    }
    const entries = Object.entries(d.by_aspect);
    if (!empty("chart-aspect", d.by_aspect)) {
    const bar = echarts.init(document.getElementById("chart-aspect"));
    bar.setOption({color: colors, tooltip: {}, grid: {left: 40, right: 10, bottom: 60},
      xAxis: {type: "category", data: entries.map(e => e[0]), axisLabel: {rotate: 30}},
      yAxis: {type: "value", minInterval: 1}, series: [{type: "bar", data: entries.map(e => e[1])}]});
    }
    pie("chart-source", d.by_source);
    pie("chart-tasks", d.tasks);
  });
});
