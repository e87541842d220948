/* Dash's date pickers format months and weekdays with a date-fns locale from
   window.dateFns.locale, chosen by the browser's languages and else the first one loaded.
   The page's language (<html lang>, the user's choice) decides instead: a Chinese page keeps
   zh-CN, an English one none (date-fns's built-in English). Loaded after date-fns-zh-CN.js
   (Dash loads assets in name order). */
(function () {
    var chinese = (document.documentElement.lang || "").indexOf("zh") === 0;
    var loaded = (window.dateFns && window.dateFns.locale) || {};
    window.dateFns = Object.assign({}, window.dateFns,
                                   {locale: chinese ? {zhCN: loaded.zhCN} : {}});
})();
