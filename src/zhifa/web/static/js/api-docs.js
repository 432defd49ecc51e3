// The interactive API documentation at /docs, served entirely from our origin (Swagger UI vendored from
// the npm package swagger-ui-dist, see static/vendor/README.md): no CDN, no online validator.
window.addEventListener("DOMContentLoaded", function () {
  window.ui = SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
});
