// The demo shop's own GA4 e-commerce tagging, as a shop tagged through Google Tag Manager has it:
// events pushed to window.dataLayer. It knows nothing about midgoal; the tracker (/t.js) reads the
// dataLayer. Pages name themselves with <body data-page="…">. The cart lives in sessionStorage.
(function () {
  var TOWEL = { item_id: 'TOWEL-01', item_name: 'Imabari face towel', item_brand: 'midgoal demo', item_category: 'Towels', price: 1650 };
  var LIST = [
    TOWEL,
    { item_id: 'TOWEL-02', item_name: 'Bath towel', item_brand: 'midgoal demo', item_category: 'Towels', price: 3300 },
    { item_id: 'MAT-01', item_name: 'Bath mat', item_brand: 'midgoal demo', item_category: 'Bath', price: 2750 },
  ];
  var layer = (window.dataLayer = window.dataLayer || []);
  var page = document.body.getAttribute('data-page');
  var query = new URLSearchParams(location.search);

  function push(event, ecommerce) {
    layer.push({ ecommerce: null }); // GTM's advice: clear the previous ecommerce object first
    layer.push({ event: event, ecommerce: ecommerce });
  }
  function cart() {
    try {
      return JSON.parse(sessionStorage.getItem('demo_cart')) || [];
    } catch (e) {
      return [];
    }
  }
  function total(items) {
    return items.reduce(function (sum, item) { return sum + item.price * item.quantity; }, 0);
  }
  function yen(n) {
    return '¥' + n.toLocaleString('ja-JP');
  }

  if (page === 'category') push('view_item_list', { item_list_id: 'towels', item_list_name: 'Towels', items: LIST.map(function (item, index) { return Object.assign({ index: index }, item); }) });
  if (page === 'product') push('view_item', { currency: 'JPY', value: TOWEL.price, items: [TOWEL] });
  if (page === 'checkout') push('begin_checkout', { currency: 'JPY', value: total(cart()), items: cart() });
  if (page === 'confirm') {
    push('add_payment_info', { currency: 'JPY', value: total(cart()), payment_type: query.get('payment') || 'card', items: cart() });
    var summary = document.getElementById('summary');
    // A GET form put the customer's details into this page's URL; only this page reads them.
    if (summary) summary.textContent = (query.get('name') || '') + ' <' + (query.get('email') || '') + '>, ' + (query.get('payment') || '');
  }
  if (page === 'thanks') {
    var items = cart();
    var order = sessionStorage.getItem('demo_order') || 'DEMO-NONE';
    if (items.length) push('purchase', { transaction_id: order, currency: 'JPY', value: total(items), tax: Math.round(total(items) / 11), shipping: 0, items: items });
    sessionStorage.removeItem('demo_cart');
  }
  if (page === 'cart') {
    var lines = document.getElementById('cart-lines');
    var items2 = cart();
    if (lines) lines.textContent = items2.length ? items2.map(function (i) { return i.item_name + ' × ' + i.quantity + ' ' + yen(i.price * i.quantity); }).join(', ') : 'The cart is empty / カートは空です';
  }

  document.addEventListener('click', function (event) {
    var target = event.target instanceof Element ? event.target : null;
    if (target && target.closest('[data-add-to-cart]')) {
      var line = Object.assign({ quantity: 1 }, TOWEL);
      push('add_to_cart', { currency: 'JPY', value: TOWEL.price, items: [line] });
      sessionStorage.setItem('demo_cart', JSON.stringify([line]));
      location.href = 'cart.html';
    }
    if (target && target.closest('[data-place-order]')) {
      sessionStorage.setItem('demo_order', 'DEMO-' + Date.now().toString(36).toUpperCase());
      location.href = 'thanks.html';
    }
  });
})();
