/* Runs only in browsers too old for ES modules, which skip phone.js: say so instead of spinning. */
(function () {
  var boot = document.getElementById('boot');
  if (boot) {
    boot.textContent = '您的浏览器版本过旧，无法显示选票。请升级微信或手机浏览器后重新扫码，或到秘书处咨询。';
  }
})();
