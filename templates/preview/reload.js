// bidgen preview: reload when the server has built a newer version of the page.
(function () {
  var shown = "__VERSION__";
  var events = new EventSource("/events");
  events.addEventListener("version", function (event) {
    if (event.data !== shown) {
      var keep = window.scrollY;
      sessionStorage.setItem("bidgen-scroll", String(keep));
      window.location.reload();
    }
  });
  var scroll = sessionStorage.getItem("bidgen-scroll");
  if (scroll !== null) {
    sessionStorage.removeItem("bidgen-scroll");
    window.scrollTo(0, Number(scroll));
  }
  document.documentElement.setAttribute("data-bidgen-version", shown);
})();
