// A stand-in for Outlook's Office.js (the mailbox item being composed) that records every call: Outlook cannot run here, so the tests serve this script in place of appsforoffice.microsoft.com/lib/1/hosted/office.js (browser) or load it into a bare node:vm context. Tests drive it through globalThis.SGOfficeStandIn.
//
// A classic script with no DOM use. It models only what SendGuard calls, with Office.js's shapes:
// callbacks get {status: "succeeded"|"failed", value, error}, always asynchronously; recipients are
// EmailAddressDetails; sessionData values are strings; an informational notification needs an icon.
(function (root) {
  "use strict";

  var calls = [];
  var completions = [];
  var handlers = {}; // Office.actions.associate
  var itemHandlers = []; // item.addHandlerAsync
  var state = null;
  var itemObject = null;
  var failing = {}; // method name -> error name, for tests of failures

  function copy(x) {
    return x === undefined ? undefined : JSON.parse(JSON.stringify(x));
  }

  function later(fn) {
    setTimeout(fn, 0);
  }

  function record(method, args) {
    calls.push({ method: method, args: copy(args) });
  }

  // Office.js methods take (args…, [options], [callback]): the callback is the last function.
  function split(args) {
    var list = Array.prototype.slice.call(args);
    var cb = typeof list[list.length - 1] === "function" ? list.pop() : null;
    return { args: list, cb: cb };
  }

  function answer(cb, method, fn) {
    later(function () {
      var result;
      if (failing[method]) {
        result = { status: "failed", error: { name: failing[method], message: method + " failed (stand-in)", code: 9000 } };
      } else {
        try {
          result = { status: "succeeded", value: fn() };
        } catch (e) {
          result = { status: "failed", error: { name: e.name || "Error", message: e.message, code: 9001 } };
        }
      }
      if (cb) cb(result);
    });
  }

  function method(name, impl) {
    return function () {
      var s = split(arguments);
      record(name, s.args);
      answer(s.cb, name, function () {
        return impl.apply(null, s.args);
      });
    };
  }

  function details(entry) {
    if (typeof entry === "string") return { displayName: entry, emailAddress: entry, recipientType: "other" };
    return {
      displayName: String(entry.displayName || entry.name || ""),
      emailAddress: String(entry.emailAddress || entry.address || ""),
      recipientType: entry.recipientType || "other",
    };
  }

  function recipients(field) {
    return {
      getAsync: method(field + ".getAsync", function () {
        return copy(state[field]);
      }),
      setAsync: method(field + ".setAsync", function (list) {
        state[field] = (list || []).map(details);
      }),
      addAsync: method(field + ".addAsync", function (list) {
        state[field] = state[field].concat((list || []).map(details));
      }),
    };
  }

  function decodedSize(b64) {
    var clean = String(b64).replace(/\s/g, "");
    var pad = clean.endsWith("==") ? 2 : clean.endsWith("=") ? 1 : 0;
    return Math.floor((clean.length * 3) / 4) - pad;
  }

  function attachmentDetails(a) {
    return { id: a.id, name: a.name, size: a.size, contentType: a.contentType, attachmentType: a.attachmentType, isInline: Boolean(a.isInline) };
  }

  function findAttachment(id) {
    for (var i = 0; i < state.attachments.length; i++) if (state.attachments[i].id === id) return state.attachments[i];
    var e = new Error("no attachment " + id);
    e.name = "InvalidAttachmentId";
    throw e;
  }

  function versionAtMost(v, max) {
    var a = String(v).split(".").map(Number);
    var b = String(max).split(".").map(Number);
    for (var i = 0; i < Math.max(a.length, b.length); i++) {
      var d = (a[i] || 0) - (b[i] || 0);
      if (d) return d < 0;
    }
    return true;
  }

  function makeItem() {
    var item = {
      itemType: "message",
      to: recipients("to"),
      cc: recipients("cc"),
      bcc: recipients("bcc"),
      from: {
        getAsync: method("from.getAsync", function () {
          return copy(state.from);
        }),
      },
      subject: {
        getAsync: method("subject.getAsync", function () {
          return state.subject;
        }),
        setAsync: method("subject.setAsync", function (text) {
          state.subject = String(text);
        }),
      },
      body: {
        getTypeAsync: method("body.getTypeAsync", function () {
          return state.body.type;
        }),
        getAsync: method("body.getAsync", function (coercion) {
          return coercion === "html" ? state.body.html : state.body.text;
        }),
      },
      getComposeTypeAsync: method("getComposeTypeAsync", function () {
        return { composeType: state.composeType, coercionType: state.body.type };
      }),
      getAttachmentsAsync: method("getAttachmentsAsync", function () {
        return state.attachments.map(attachmentDetails);
      }),
      getAttachmentContentAsync: method("getAttachmentContentAsync", function (id) {
        var a = findAttachment(id);
        return { format: a.format || "base64", content: a.content };
      }),
      addFileAttachmentFromBase64Async: method("addFileAttachmentFromBase64Async", function (b64, name, options) {
        var id = "att-" + state.nextAttachmentId++;
        state.attachments.push({
          id: id,
          name: String(name),
          size: decodedSize(b64),
          contentType: "application/zip",
          attachmentType: "file",
          isInline: Boolean(options && options.isInline),
          format: "base64",
          content: String(b64),
        });
        return id;
      }),
      removeAttachmentAsync: method("removeAttachmentAsync", function (id) {
        findAttachment(id);
        state.attachments = state.attachments.filter(function (a) {
          return a.id !== id;
        });
      }),
      sessionData: {
        getAsync: method("sessionData.getAsync", function (name) {
          if (!Object.prototype.hasOwnProperty.call(state.sessionData, name)) {
            var e = new Error("no session data named " + name);
            e.name = "KeyNotFound";
            throw e;
          }
          return state.sessionData[name];
        }),
        setAsync: method("sessionData.setAsync", function (name, value) {
          state.sessionData[name] = String(value);
        }),
        removeAsync: method("sessionData.removeAsync", function (name) {
          delete state.sessionData[name];
        }),
        getAllAsync: method("sessionData.getAllAsync", function () {
          return copy(state.sessionData);
        }),
      },
      getInitializationContextAsync: method("getInitializationContextAsync", function () {
        return state.initializationContext;
      }),
      notificationMessages: {
        addAsync: method("notificationMessages.addAsync", function (key, d) {
          notification(key, d);
        }),
        replaceAsync: method("notificationMessages.replaceAsync", function (key, d) {
          notification(key, d);
        }),
      },
      addHandlerAsync: method("addHandlerAsync", function (type, handler) {
        itemHandlers.push({ type: type, handler: handler });
      }),
    };
    if (state.sendAsync !== false) {
      item.sendAsync = method("sendAsync", function () {
        state.sent = true;
      });
    }
    return item;
  }

  function notification(key, d) {
    if (!d || typeof d.message !== "string" || d.message.length > 150) throw new Error("bad notification message");
    if (d.type === "informationalMessage" && (!d.icon || d.persistent === undefined)) throw new Error("informational messages need icon and persistent");
    state.notifications.push({ key: key, type: d.type, message: d.message });
  }

  var DEFAULT_STATE = {
    displayLanguage: "ja-JP",
    mailbox: "1.15",
    userProfile: { displayName: "", emailAddress: "" },
    from: null,
    to: [],
    cc: [],
    bcc: [],
    subject: "",
    body: { type: "text", text: "", html: "" },
    composeType: "newMail",
    attachments: [],
    sessionData: {},
    initializationContext: null,
    notifications: [],
    sendAsync: true,
    sent: false,
    nextAttachmentId: 100,
  };

  var Office = {
    AsyncResultStatus: { Succeeded: "succeeded", Failed: "failed" },
    CoercionType: { Text: "text", Html: "html" },
    EventType: { InitializationContextChanged: "olkInitializationContextChanged" },
    MailboxEnums: {
      SendModeOverride: { PromptUser: "promptUser" },
      AttachmentType: { File: "file", Item: "item", Cloud: "cloud" },
      AttachmentContentFormat: { Base64: "base64", Url: "url", Eml: "eml", ICalendar: "iCalendar" },
      ItemNotificationMessageType: {
        ProgressIndicator: "progressIndicator",
        InformationalMessage: "informationalMessage",
        ErrorMessage: "errorMessage",
        InsightMessage: "insightMessage",
      },
      ComposeType: { Reply: "reply", NewMail: "newMail", Forward: "forward" },
    },
    onReady: function (cb) {
      record("Office.onReady", []);
      return new Promise(function (resolve) {
        later(function () {
          var info = { host: "Outlook", platform: "OfficeOnline" };
          if (cb) cb(info);
          resolve(info);
        });
      });
    },
    actions: {
      associate: function (name, fn) {
        record("Office.actions.associate", [name]);
        handlers[name] = fn;
      },
    },
    context: {
      get displayLanguage() {
        return state.displayLanguage;
      },
      diagnostics: { host: "Outlook", platform: "OfficeOnline", version: "16.0.stand-in" },
      requirements: {
        isSetSupported: function (name, version) {
          return name === "Mailbox" && versionAtMost(version || "1.1", state.mailbox);
        },
      },
      mailbox: {
        get item() {
          return itemObject;
        },
        get userProfile() {
          return copy(state.userProfile);
        },
      },
    },
  };

  root.Office = Office;
  root.SGOfficeStandIn = {
    /** Replaces the item (and client) state; unspecified keys take the defaults. */
    load: function (s) {
      state = Object.assign(copy(DEFAULT_STATE), copy(s || {}));
      state.notifications = state.notifications || [];
      itemObject = makeItem();
      failing = {};
    },
    /** Changes the item as the user would (typing in the compose window), keeping the item object. */
    update: function (partial) {
      Object.assign(state, copy(partial || {}));
    },
    /** The current state (what Outlook would hold for the item), for another page or an assertion. */
    state: function () {
      return copy(state);
    },
    calls: function () {
      return copy(calls);
    },
    completions: function () {
      return copy(completions);
    },
    handlers: function () {
      return Object.keys(handlers);
    },
    /** Makes `method` (e.g. "to.getAsync") fail with `errorName` until the next load. */
    fail: function (methodName, errorName) {
      failing[methodName] = errorName || "GenericResponseError";
    },
    /** Fires a launch event at the handler registered under `name`; resolves with the first completed() options. */
    fire: function (name) {
      var fn = handlers[name];
      if (!fn) return Promise.reject(new Error("no handler associated as " + name));
      record("event:" + name, []);
      return new Promise(function (resolve) {
        var event = {
          type: "olkMessageSend",
          completed: function (options) {
            completions.push({ name: name, options: copy(options) === undefined ? null : copy(options) });
            resolve(copy(options));
          },
        };
        fn(event);
      });
    },
    /** The alert's action button while the pane is open: InitializationContextChanged. */
    changeContext: function (data) {
      state.initializationContext = data;
      itemHandlers.forEach(function (h) {
        if (h.type === "olkInitializationContextChanged") h.handler({ type: h.type, initializationContextData: data });
      });
    },
  };
  root.SGOfficeStandIn.load({});
})(typeof globalThis !== "undefined" ? globalThis : this);
