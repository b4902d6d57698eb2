// Messages for HTMX requests the server refused: htmx 2 does not swap 4xx/5xx responses,
// so without this the user would click and see nothing happen.
(function () {
  "use strict";
  var FALLBACK = {
    400: "Yêu cầu không hợp lệ. Vui lòng tải lại trang rồi thử lại.",
    401: "Phiên đăng nhập đã hết. Vui lòng đăng nhập lại.",
    403: "Bạn không có quyền thực hiện thao tác này.",
    404: "Không tìm thấy dữ liệu; có thể nó vừa bị xóa.",
    409: "Không thực hiện được thao tác này.",
    500: "Lỗi hệ thống. Dữ liệu chưa được lưu; vui lòng thử lại sau."
  };
  var timer = null;

  function showToast(message, kind) {
    var toast = document.getElementById("toast");
    if (!toast) { window.alert(message); return; }
    toast.textContent = message;
    toast.className = "toast toast-" + (kind || "error");
    toast.hidden = false;
    clearTimeout(timer);
    timer = setTimeout(function () { toast.hidden = true; }, 8000);
  }

  function messageFrom(xhr) {
    var text = "";
    try {
      var doc = new DOMParser().parseFromString(xhr.responseText || "", "text/html");
      var node = doc.querySelector("[data-error-message]");
      text = node ? node.textContent.trim() : "";
    } catch (e) { text = ""; }
    return text || FALLBACK[xhr.status] || ("Có lỗi xảy ra (mã " + xhr.status + "). Vui lòng thử lại.");
  }

  // An inline "add" form that is already open is focused rather than opened a second time,
  // which would repeat its element ids.
  window.focusOpenForm = function (event, formId) {
    var open = document.getElementById(formId);
    if (open) {
      event.preventDefault();
      var first = open.querySelector("input:not([type=hidden]), select, textarea");
      (first || open).focus();
    }
  };

  // A long list of checkboxes (units) filtered as one types, without accents or case mattering,
  // and a count of the boxes ticked; the boxes themselves are plain form fields.
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase().trim();
  }
  document.addEventListener("input", function (event) {
    var list = event.target.dataset && event.target.dataset.filterList;
    if (!list) { return; }
    var needle = fold(event.target.value);
    document.querySelectorAll("#" + list + " > li").forEach(function (item) {
      item.hidden = needle !== "" && fold(item.textContent).indexOf(needle) === -1;
    });
  });
  document.addEventListener("change", function (event) {
    var list = event.target.closest && event.target.closest("ul[id]");
    if (!list) { return; }
    var counter = document.querySelector('[data-checked-count="' + list.id + '"]');
    if (counter) { counter.textContent = list.querySelectorAll("input:checked").length; }
  });

  document.addEventListener("htmx:responseError", function (event) {
    showToast(messageFrom(event.detail.xhr));
  });
  document.addEventListener("htmx:sendError", function () {
    showToast("Không kết nối được máy chủ. Kiểm tra mạng rồi thử lại.");
  });
  document.addEventListener("click", function (event) {
    if (event.target.closest("#toast")) { event.target.closest("#toast").hidden = true; }
    // "Sao chép" beside a read-only address (calendar feed links). execCommand works inside the
    // click on plain http too; the clipboard API is the fallback; failing both, the text is selected.
    var copy = event.target.closest("[data-copy]");
    if (copy) {
      var input = document.querySelector(copy.getAttribute("data-copy"));
      if (!input) { return; }
      input.select();
      var copied = false;
      try { copied = document.execCommand("copy"); } catch (e) { copied = false; }
      if (copied) {
        showToast("Đã sao chép địa chỉ.", "success");
      } else if (navigator.clipboard) {
        navigator.clipboard.writeText(input.value).then(function () {
          showToast("Đã sao chép địa chỉ.", "success");
        }, function () { showToast("Địa chỉ đã được chọn: nhấn Ctrl+C để sao chép."); });
      } else {
        showToast("Địa chỉ đã được chọn: nhấn Ctrl+C để sao chép.");
      }
    }
  });
})();
