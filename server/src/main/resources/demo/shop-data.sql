-- xugu-mcp demo shop: data (H2 2.x, default mode).
-- Every value is computed from SYSTEM_RANGE row numbers with fixed arithmetic (no RAND),
-- so every installation gets exactly the same rows and examples in the docs stay true.
-- Identity columns are left to H2 (rows are inserted in X order, so ids come out 1..n)
-- which keeps the identity sequences in step for later inserts through the tools.
-- Some values are NULL on purpose (every n-th row) so tools can be tried on NULL handling.

INSERT INTO categories (category_id, parent_id, name, description) VALUES
    (1,  NULL, '电子产品', '手机、电脑及数码配件'),
    (2,  1,    '手机通讯', '智能手机与耳机'),
    (3,  1,    '电脑办公', '笔记本、显示器与办公设备'),
    (4,  NULL, '家用电器', NULL),
    (5,  4,    '厨房电器', '电饭煲、微波炉等'),
    (6,  NULL, '图书音像', '图书、音乐与影视'),
    (7,  NULL, '服装鞋帽', NULL),
    (8,  NULL, '食品饮料', '零食、茶叶与饮品'),
    (9,  8,    '生鲜水果', '当季新鲜水果'),
    (10, NULL, '运动户外', '运动鞋服与户外装备'),
    (11, NULL, '母婴用品', NULL),
    (12, NULL, '美妆个护', '护肤与个人护理');

-- 20 suppliers: "<city><word>有限公司".
INSERT INTO suppliers (name, contact_name, phone, city, rating, created_at)
SELECT ARRAY['北京', '上海', '广州', '深圳', '杭州', '成都', '武汉', '南京', '西安', '重庆'][MOD(X - 1, 10) + 1]
       || ARRAY['恒信', '华联', '永盛', '瑞丰', '嘉禾'][MOD(X * 3, 5) + 1]
       || ARRAY['贸易', '科技', '实业', '商贸'][MOD(X, 4) + 1] || '有限公司',
       CASE WHEN MOD(X, 6) = 0 THEN NULL
            ELSE ARRAY['王', '李', '张', '刘', '陈', '杨'][MOD(X, 6) + 1] || ARRAY['经理', '先生', '女士'][MOD(X, 3) + 1] END,
       '0' || (10 + MOD(X * 7, 90)) || '-' || (60000000 + MOD(X * 1234567, 30000000)),
       ARRAY['北京', '上海', '广州', '深圳', '杭州', '成都', '武汉', '南京', '西安', '重庆'][MOD(X - 1, 10) + 1],
       CASE WHEN MOD(X, 7) = 0 THEN NULL ELSE CAST(3.0 + MOD(X * 3, 21) / 10.0 AS DECIMAL(2,1)) END,
       DATEADD(DAY, X * 23, TIMESTAMP '2020-06-01 10:00:00')
  FROM SYSTEM_RANGE(1, 20)
 ORDER BY X;

-- 120 products: twelve kinds (each tied to a leaf category) times ten series names.
INSERT INTO products (sku, name, category_id, supplier_id, unit_price, stock, is_active, launched_on, description)
SELECT 'SKU-' || LPAD(CAST(X AS VARCHAR), 5, '0'),
       ARRAY['星辰', '远航', '青松', '晨光', '云帆', '锦绣', '启明', '华彩', '悦享', '极光'][MOD((X - 1) / 12, 10) + 1]
       || ARRAY['智能手机', '笔记本电脑', '电饭煲', '长篇小说', '纯棉T恤', '红富士苹果',
                '跑步鞋', '纸尿裤', '保湿面霜', '蓝牙耳机', '显示器', '西湖龙井'][MOD(X - 1, 12) + 1]
       || ' ' || CHAR(65 + MOD(X, 26)) || (100 + X),
       ARRAY[2, 3, 5, 6, 7, 9, 10, 11, 12, 2, 3, 8][MOD(X - 1, 12) + 1],
       CASE WHEN MOD(X, 10) = 0 THEN NULL ELSE MOD(X * 7, 20) + 1 END,
       CAST(ARRAY[2999, 5999, 399, 45, 79, 39, 499, 129, 199, 299, 1299, 158][MOD(X - 1, 12) + 1]
            * (0.8 + MOD(X * 13, 9) / 10.0) AS DECIMAL(10,2)),
       MOD(X * 37, 300),
       MOD(X, 15) <> 0,
       CASE WHEN MOD(X, 11) = 0 THEN NULL ELSE DATEADD(DAY, MOD(X * 17, 900), DATE '2022-01-01') END,
       CASE WHEN MOD(X, 9) = 0 THEN NULL
            -- lengths from a sentence up to a few KB, so long text is represented
            ELSE '【产品介绍】' || REPEAT('精选优质材料，做工精细，经久耐用，适合日常使用。', 1 + MOD(X * X, 120)) END
  FROM SYSTEM_RANGE(1, 120)
 ORDER BY X;

-- A few small binary values (PNG/JPEG/GIF signatures); the other thumbnails stay NULL.
UPDATE products SET thumbnail = X'89504e470d0a1a0a0000000d49484452' WHERE product_id IN (1, 2);
UPDATE products SET thumbnail = X'ffd8ffe000104a464946000101' WHERE product_id = 3;
UPDATE products SET thumbnail = X'47494638396101000100800000ffffff00000021f904' WHERE product_id = 4;

-- 400 customers with Chinese names spread over twelve cities.
INSERT INTO customers (name, gender, email, phone, city, birth_date, is_vip, registered_at)
SELECT ARRAY['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙',
             '马', '朱', '胡', '郭', '何', '高', '林', '罗', '郑', '梁', '谢', '宋'][MOD(X - 1, 24) + 1]
       || ARRAY['伟', '芳', '娜', '秀英', '敏', '静', '丽', '强', '磊', '军', '洋', '勇',
                '艳', '杰', '娟', '涛', '明', '超', '秀兰', '霞', '平', '刚', '桂英', '子涵',
                '浩然', '一诺', '欣怡', '宇轩', '梓萱', '俊杰'][MOD(X * 7, 30) + 1],
       CASE WHEN MOD(X, 23) = 0 THEN NULL WHEN MOD(X, 2) = 0 THEN '女' ELSE '男' END,
       CASE WHEN MOD(X, 7) = 0 THEN NULL ELSE 'user' || X || '@example.com' END,
       '13' || LPAD(CAST(MOD(X * 7919, 1000000000) AS VARCHAR), 9, '0'),
       ARRAY['北京', '上海', '广州', '深圳', '杭州', '成都', '武汉', '南京', '西安', '重庆', '天津', '苏州'][MOD(X * 5 + X / 24, 12) + 1],
       CASE WHEN MOD(X, 5) = 0 THEN NULL ELSE DATEADD(DAY, MOD(X * 97, 15000), DATE '1965-01-01') END,
       MOD(X, 6) = 0,
       DATEADD(MINUTE, X * 1517, TIMESTAMP '2021-03-01 09:00:00')
  FROM SYSTEM_RANGE(1, 400)
 ORDER BY X;

-- 1200 orders over about a year; each ships to its customer's city.
INSERT INTO orders (customer_id, ordered_at, status, shipping_city, shipped_at, remark)
SELECT c.customer_id,
       DATEADD(MINUTE, r.X * 439 + MOD(r.X * 17, 60), TIMESTAMP '2023-01-01 08:00:00'),
       CASE MOD(r.X, 20) WHEN 0 THEN '已取消' WHEN 1 THEN '待付款' WHEN 2 THEN '已付款'
                         WHEN 3 THEN '已发货' WHEN 4 THEN '已发货' ELSE '已完成' END,
       c.city,
       CASE WHEN MOD(r.X, 20) IN (0, 1, 2) THEN NULL
            ELSE DATEADD(HOUR, 6 + MOD(r.X, 60), DATEADD(MINUTE, r.X * 439 + MOD(r.X * 17, 60), TIMESTAMP '2023-01-01 08:00:00')) END,
       CASE MOD(r.X, 25) WHEN 3 THEN '请尽快发货' WHEN 8 THEN '工作日送货' WHEN 13 THEN '需要开具发票' ELSE NULL END
  FROM SYSTEM_RANGE(1, 1200) r
  JOIN customers c ON c.customer_id = MOD(r.X * 7, 400) + 1
 ORDER BY r.X;

-- One to four lines per order, at the product's list price; every tenth order has 10% off.
INSERT INTO order_items (order_id, line_no, product_id, quantity, unit_price, discount_rate)
SELECT o.order_id, l.X, p.product_id,
       1 + MOD(o.order_id + l.X * 5, 5),
       p.unit_price,
       CASE WHEN MOD(o.order_id, 10) = 0 THEN 0.90 ELSE 1.00 END
  FROM orders o
  JOIN SYSTEM_RANGE(1, 4) l ON l.X <= 1 + MOD(o.order_id * 3, 4)
  JOIN products p ON p.product_id = MOD(o.order_id * 31 + l.X * 17, 120) + 1;

UPDATE orders o
   SET total_amount = (SELECT CAST(SUM(i.quantity * i.unit_price * i.discount_rate) AS DECIMAL(12,2))
                         FROM order_items i WHERE i.order_id = o.order_id);

-- Every order past "待付款" (and not cancelled) was paid in full once.
INSERT INTO payments (order_id, method, amount, paid_at, transaction_ref)
SELECT order_id,
       ARRAY['支付宝', '微信支付', '银行卡', '信用卡'][MOD(order_id, 4) + 1],
       total_amount,
       DATEADD(MINUTE, 5 + MOD(order_id, 50), ordered_at),
       CASE WHEN MOD(order_id, 13) = 0 THEN NULL
            ELSE 'TXN' || FORMATDATETIME(ordered_at, 'yyyyMMdd') || LPAD(CAST(order_id AS VARCHAR), 8, '0') END
  FROM orders
 WHERE status IN ('已付款', '已发货', '已完成')
 ORDER BY order_id;
